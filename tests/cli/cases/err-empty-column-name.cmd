desktop
device list -o BDF,,DRIVER
