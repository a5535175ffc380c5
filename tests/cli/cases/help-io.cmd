-
io --help
