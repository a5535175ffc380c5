scsi-stack
eject --dry-run /dev/sr0
