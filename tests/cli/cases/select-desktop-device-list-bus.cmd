desktop
device list -s 01:
