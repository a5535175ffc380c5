scsi-stack
scsi check /dev/sda '00 00 00'
