procfs-real
status --json
