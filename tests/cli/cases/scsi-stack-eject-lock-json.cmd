scsi-stack
eject --dry-run --lock /dev/sr0 --json
