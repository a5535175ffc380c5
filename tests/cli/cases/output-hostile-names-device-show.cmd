hostile-names
device show 0000:01:00.0
