desktop
device list -d 8086: -o BDF,ID
