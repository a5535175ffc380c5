scsi-stack
scsi check /dev/sdz '00 00 00 00 00 00'
