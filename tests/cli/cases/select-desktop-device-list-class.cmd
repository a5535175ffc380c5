desktop
device list -d ::0403 -o BDF,CLASS,DRIVER
