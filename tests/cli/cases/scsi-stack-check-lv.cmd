scsi-stack
scsi check /dev/mapper/vg-lv '00 00 00 00 00 00'
