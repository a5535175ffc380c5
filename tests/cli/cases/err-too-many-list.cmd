desktop
device list extra
