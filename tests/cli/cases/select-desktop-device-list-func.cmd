desktop
device list -s .1
