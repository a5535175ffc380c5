desktop
device list -d ::0c03:30 -o BDF,CLASS
