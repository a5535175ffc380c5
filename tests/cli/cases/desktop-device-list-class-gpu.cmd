desktop
device list --class gpu
