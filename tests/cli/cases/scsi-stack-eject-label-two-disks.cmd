scsi-stack
eject --dry-run LABEL=data
