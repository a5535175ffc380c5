desktop
device list -s 100:
