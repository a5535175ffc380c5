io-hybrid
io weight vm1.scope 300 --yes
