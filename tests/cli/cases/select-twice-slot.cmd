desktop
device list -s 1: -s 2:
