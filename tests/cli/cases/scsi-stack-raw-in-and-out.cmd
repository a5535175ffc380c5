scsi-stack
scsi raw /dev/sda '12 00 00 00 24 00' --in 36 --out /dev/null
