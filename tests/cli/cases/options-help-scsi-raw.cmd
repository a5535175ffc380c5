-
scsi raw --help
