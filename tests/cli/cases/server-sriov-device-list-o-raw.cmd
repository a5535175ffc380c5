server-sriov
device list -o BDF,DRIVER,OVERRIDE -n -r
