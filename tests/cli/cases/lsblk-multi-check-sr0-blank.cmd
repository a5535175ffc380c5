lsblk-multi
scsi check /dev/sr0 'a1 00 00 00 00 00 00 00 00 00 00 00'
