scsi-stack
scsi check mpatha '00 00 00 00 00 00'
