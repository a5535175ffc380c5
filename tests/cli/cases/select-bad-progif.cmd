desktop
device list -d ::0c03:300
