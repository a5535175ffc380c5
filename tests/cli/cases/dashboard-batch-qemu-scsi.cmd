qemu-scsi
dashboard --batch
