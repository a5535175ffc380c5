io-v2
io show /machine.slice
