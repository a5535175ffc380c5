io-v1
io limit vm1.scope sda2 riops=100 wbps=max --dry-run
