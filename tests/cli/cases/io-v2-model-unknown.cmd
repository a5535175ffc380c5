io-v2
io model sda bytes --read-iops 5 --dry-run
