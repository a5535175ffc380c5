legacy-kernel
device list
