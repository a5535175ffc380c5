usage
device list --class nic -o BDF,USED
