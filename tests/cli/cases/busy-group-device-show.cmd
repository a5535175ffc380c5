busy-group
device show 04:00.0
