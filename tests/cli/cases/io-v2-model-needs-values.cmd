io-v2
io model sda iops --dry-run
