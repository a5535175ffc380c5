qemu-scsi
eject --dry-run --unmount --force /mnt/a
