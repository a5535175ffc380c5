io-v2
io show --count 3
