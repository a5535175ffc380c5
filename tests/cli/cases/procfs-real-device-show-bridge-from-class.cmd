procfs-real
device show 0000:00:02.1
