scsi-stack
scsi check /srv '00 00 00 00 00 00'
