usage-captured-partial
device show 03:00.0 -J
