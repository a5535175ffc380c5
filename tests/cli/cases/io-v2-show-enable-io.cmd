io-v2
io show --enable-io
