desktop
device show 0000:01:00.0 -s 01:
