io-v2
io weight --pid 4242 --user 1000 200 --dry-run
