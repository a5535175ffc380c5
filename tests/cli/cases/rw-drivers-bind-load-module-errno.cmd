rw:drivers
--yes device bind 03:00.0 virtio-scsi
--yes -J device bind 03:00.0 virtio-scsi
