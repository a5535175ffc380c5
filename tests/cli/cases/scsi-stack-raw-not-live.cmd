scsi-stack
scsi raw /dev/sda '00 00 00 00 00 00'
