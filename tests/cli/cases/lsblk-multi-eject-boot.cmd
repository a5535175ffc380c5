lsblk-multi
eject --dry-run /boot
