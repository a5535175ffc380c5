desktop
device list --list-columns
