desktop
device list -d :10f0
