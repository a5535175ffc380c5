usage-captured-partial
device list -o BDF,USED
