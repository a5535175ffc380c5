scsi-stack
scsi raw /dev/sda2 '00 00 00 00 00 00'
