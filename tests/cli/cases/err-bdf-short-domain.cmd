desktop
device show 000:01:00.0
