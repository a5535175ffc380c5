scsi-stack
scsi audit --json
