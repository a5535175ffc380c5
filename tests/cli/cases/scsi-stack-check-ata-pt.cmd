scsi-stack
scsi check 8:0 'a1 08 0e 00 01 00 00 00 00 ec 00 00'
