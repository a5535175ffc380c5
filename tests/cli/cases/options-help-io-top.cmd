-
io top --help
