desktop
device show 00:00.0
