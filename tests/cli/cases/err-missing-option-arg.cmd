desktop
device list -o
