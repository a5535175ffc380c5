scsi-stack
eject /dev/sr0 --yes
