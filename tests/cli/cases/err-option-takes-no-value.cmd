desktop
device list --json=x
