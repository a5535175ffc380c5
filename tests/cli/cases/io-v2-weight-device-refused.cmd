io-v2
io weight vm2.scope sda1 300 --dry-run
