desktop
device list -s 1:0.8
