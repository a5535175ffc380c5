scsi-stack
scsi check /dev/sda '42 00 00 00 00 00 00 00 18 00' --allow unmap
