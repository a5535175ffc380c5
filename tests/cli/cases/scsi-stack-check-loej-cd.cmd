scsi-stack
scsi check /dev/sr0 '1b 00 00 00 02 00'
