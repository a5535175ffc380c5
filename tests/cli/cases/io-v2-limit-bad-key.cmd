io-v2
io limit vm1.scope sda iops=5 --dry-run
