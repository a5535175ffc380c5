io-v1
io weight vm1.scope 300 --dry-run
