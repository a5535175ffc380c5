desktop
device list -s 01:00 -d 10de: -o BDF,ID,DRIVER --json
