usage
device show 02:00.0
