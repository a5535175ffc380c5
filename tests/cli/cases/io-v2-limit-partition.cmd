io-v2
io limit vm2.scope /dev/sda2 riops=100 wiops=50 --dry-run
