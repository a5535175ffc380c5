scsi-stack
scsi check /dev/sda ''
