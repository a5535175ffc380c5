io-v1
io model sda iops --read-iops 100 --dry-run
