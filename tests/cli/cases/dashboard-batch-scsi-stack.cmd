scsi-stack
dashboard --batch
