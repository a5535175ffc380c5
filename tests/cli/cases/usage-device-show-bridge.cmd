usage
device show 00:1d.0
