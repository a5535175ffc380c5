desktop
device list -o bdf,driver -r
