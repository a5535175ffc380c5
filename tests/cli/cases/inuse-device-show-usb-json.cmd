inuse
device show 00:14.0 -J
