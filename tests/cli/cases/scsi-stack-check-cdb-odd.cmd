scsi-stack
scsi check /dev/sda '12 0 00'
