io-v2
io weight vm1.scope 20000 --dry-run
