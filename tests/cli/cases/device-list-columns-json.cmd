desktop
device list --list-columns --json
