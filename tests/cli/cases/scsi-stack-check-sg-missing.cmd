scsi-stack
scsi check /dev/sg9 '00 00 00 00 00 00'
