procfs-real
device list
