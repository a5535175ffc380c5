procfs-real
group list --json
