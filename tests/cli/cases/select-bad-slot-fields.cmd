desktop
device list -s 1:2:3:4
