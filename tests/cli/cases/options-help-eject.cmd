-
eject --help
