drivers
device show 05:00.0
