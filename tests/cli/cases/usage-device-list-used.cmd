usage
device list -o BDF,KIND,DRIVER,USED
