scsi-stack
scsi check /dev/bsg/0:0:0:0 '2a 00 00 00 00 00 00 00 01 00' --allow write
