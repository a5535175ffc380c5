io-v1
io show
