hostile-fifos
device show 0000:03:00.0
