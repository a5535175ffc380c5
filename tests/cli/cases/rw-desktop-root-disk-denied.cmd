rw:desktop
! mkdir -p sys/devices/pci0000:00/0000:00:1b.0/0000:02:00.0/nvme/nvme0/nvme0n1 sys/class/block proc/self && echo 259:0 >sys/devices/pci0000:00/0000:00:1b.0/0000:02:00.0/nvme/nvme0/nvme0n1/dev && ln -s ../../devices/pci0000:00/0000:00:1b.0/0000:02:00.0/nvme/nvme0/nvme0n1 sys/class/block/nvme0n1 && echo '22 1 259:0 / / rw - ext4 /dev/nvme0n1 rw' >proc/self/mountinfo
--yes --force group claim 5
! echo '22 1 8:1 / / rw - ext4 /dev/sda1 rw' >proc/self/mountinfo && printf 'Filename Type Size Used Priority\n/dev/nvme0n1 partition 8388604 0 -2\n' >proc/swaps
--yes --force device bind 02:00.0 vfio-pci
! : >proc/swaps && echo '22 1 8:1 / / rw - ext4 /dev/sda1 rw' >proc/self/mountinfo && echo '40 22 259:0 / /srv rw - ext4 /dev/nvme0n1 rw' >>proc/self/mountinfo
--yes group claim 5
--yes --force group claim 5
