-
log /
