unreadable
device list -s 02:
