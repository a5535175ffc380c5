usage-captured
device list -o BDF,KIND,DRIVER,USED
