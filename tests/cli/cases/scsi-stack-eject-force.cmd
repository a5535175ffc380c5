scsi-stack
eject --dry-run /dev/sda2 --force
