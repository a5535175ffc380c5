desktop
device list -s 7f: --json
