scsi-stack
scsi audit
