scsi-stack
scsi tur /dev/sda --unmount
