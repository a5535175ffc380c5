procfs-real
status
