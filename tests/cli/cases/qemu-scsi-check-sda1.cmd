qemu-scsi
scsi check /dev/sda1 '00 00 00 00 00 00'
