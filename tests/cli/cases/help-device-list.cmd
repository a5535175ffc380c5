-
device list --help
