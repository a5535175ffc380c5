desktop
device list -d 10de: --id 8086:
