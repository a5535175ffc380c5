qemu-scsi
eject --dry-run /dev/sda2
