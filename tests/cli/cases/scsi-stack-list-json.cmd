scsi-stack
scsi list --json
