io-v2
io undo --dry-run
