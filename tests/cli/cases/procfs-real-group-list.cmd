procfs-real
group list
