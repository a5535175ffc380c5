-
help group claim
