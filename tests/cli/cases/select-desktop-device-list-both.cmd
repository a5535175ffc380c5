desktop
device list -s 01: -d :1b80
