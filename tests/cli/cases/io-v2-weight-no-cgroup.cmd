io-v2
io weight nosuch.service 50 --dry-run
