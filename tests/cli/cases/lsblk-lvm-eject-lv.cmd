lsblk-lvm
eject --dry-run 253:0
