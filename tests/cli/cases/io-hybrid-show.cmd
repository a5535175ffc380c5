io-hybrid
io show
