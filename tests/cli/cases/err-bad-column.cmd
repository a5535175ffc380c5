desktop
device list -o BDF,NOPE
