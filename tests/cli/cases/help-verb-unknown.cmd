-
help grup
