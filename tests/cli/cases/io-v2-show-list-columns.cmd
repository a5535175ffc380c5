io-v2
io show --list-columns
