desktop
device bind 0000:02:00.0
