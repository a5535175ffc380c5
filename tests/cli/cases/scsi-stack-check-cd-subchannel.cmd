scsi-stack
scsi check /dev/sr0 '42 00 40 01 00 00 00 00 10 00'
