rw:desktop
VFIOCTL_CRASH_STEP=5 --yes group claim 5
! mkdir -p proc/4000/fd && echo qemu-system-x86 >proc/4000/comm && ln -s /dev/vfio/5 proc/4000/fd/12
--yes recover
--yes --force group release 5
-o BDF,DRIVER,OVERRIDE device list --class nvme
! rm -r proc/4000
--yes recover
-o BDF,DRIVER,OVERRIDE device list --class nvme
