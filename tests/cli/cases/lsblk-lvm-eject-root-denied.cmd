lsblk-lvm
eject / --unmount --dry-run --force
