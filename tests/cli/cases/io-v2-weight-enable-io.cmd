io-v2
io weight --enable-io dconf.service 50 --dry-run
