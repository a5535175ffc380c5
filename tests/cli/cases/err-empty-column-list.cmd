desktop
device list -o ""
