usage
device list -J -o BDF,USED
