lsblk-lvm
scsi check /dev/dm-0 '00 00 00 00 00 00'
