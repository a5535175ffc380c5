desktop
device show 0000:01:20.0
