io-v2
io limit vm1.scope sda riops=1 --dry-run
