usage
device show 00:02.0
