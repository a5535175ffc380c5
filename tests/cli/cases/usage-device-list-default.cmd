usage
device list
