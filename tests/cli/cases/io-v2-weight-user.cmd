io-v2
io weight --user alice 50 --dry-run
