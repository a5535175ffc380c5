desktop
device list
