io-v2
io limit vm1.scope sdz riops=5 --dry-run
