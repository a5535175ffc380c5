platform-bridges
device list -o BDF,GROUP,KIND,CLASS,BRIDGE,DRIVER
