-
dashboard --help
