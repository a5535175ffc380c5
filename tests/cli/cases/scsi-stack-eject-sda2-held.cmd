scsi-stack
eject --dry-run /dev/sda2
