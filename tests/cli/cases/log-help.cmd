-
log --help
