scsi-stack
scsi check /dev/sda1 '12 00 00 00 24 00' --json
