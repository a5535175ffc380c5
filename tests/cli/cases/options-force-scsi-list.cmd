desktop
scsi list --force
