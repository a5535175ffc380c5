drivers
device show 01:00.0
