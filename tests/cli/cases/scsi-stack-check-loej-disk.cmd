scsi-stack
scsi check /dev/sda '1b 00 00 00 02 00'
