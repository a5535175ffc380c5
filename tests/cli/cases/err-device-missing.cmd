desktop
device show 0000:09:00.0
