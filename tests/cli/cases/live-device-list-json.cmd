@live
device list --json
