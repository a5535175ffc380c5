scsi-stack
scsi list
