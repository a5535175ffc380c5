-
help group
