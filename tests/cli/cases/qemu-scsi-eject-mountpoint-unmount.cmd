qemu-scsi
eject --dry-run --unmount /mnt/a
