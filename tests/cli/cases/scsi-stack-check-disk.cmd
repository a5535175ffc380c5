scsi-stack
scsi check /dev/sda 120000002400
