usage-captured
device show 00:1f.6 -J
