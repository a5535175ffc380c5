desktop
device list -s 0000:00:1f.4
