usage-captured
device show 00:02.0
