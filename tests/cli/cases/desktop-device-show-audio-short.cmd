desktop
device show 01:00.1
