scsi-stack
scsi check /dev/sg3 'c1 00 00 00 00 00'
