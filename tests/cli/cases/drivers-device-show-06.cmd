drivers
device show 06:00.0
