desktop
device list --json
