io-v2
io weight vm2.scope 300
