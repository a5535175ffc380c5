scsi-stack
scsi check UUID=0a1b2c3d '00 00 00 00 00 00'
