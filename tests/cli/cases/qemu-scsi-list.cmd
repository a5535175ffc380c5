qemu-scsi
scsi list
