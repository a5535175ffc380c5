procfs-real
device list --json
