io-v1
io weight vm1.scope /dev/sda2 300 --dry-run
