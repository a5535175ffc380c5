inuse
device list -o BDF,DRIVER,USED
