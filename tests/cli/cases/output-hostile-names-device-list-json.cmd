hostile-names
device list -J
