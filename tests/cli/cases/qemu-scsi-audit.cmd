qemu-scsi
scsi audit
