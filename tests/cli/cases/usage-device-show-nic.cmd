usage
device show 00:1f.6
