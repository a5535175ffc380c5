desktop
__complete -- scsi raw --allow write,f
