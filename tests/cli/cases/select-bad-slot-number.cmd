desktop
device list -s 20.0
