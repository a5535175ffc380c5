scsi-stack
eject /dev/sr0 --close --lock
