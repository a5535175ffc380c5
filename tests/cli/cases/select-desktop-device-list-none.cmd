desktop
device list -d 1af4:
