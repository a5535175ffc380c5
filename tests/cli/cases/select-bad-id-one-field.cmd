desktop
device list -d 10de
