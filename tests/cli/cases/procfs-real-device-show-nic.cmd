procfs-real
device show 0000:a2:00.0
