desktop
device list -d 10de: -d 144d:
