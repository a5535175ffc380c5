usage-captured-partial
device show 02:00.0
