io-v2
io limit vm1.scope sda riops=100 riops=200 --dry-run
