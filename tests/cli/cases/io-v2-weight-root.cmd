io-v2
io weight / 200 --dry-run
