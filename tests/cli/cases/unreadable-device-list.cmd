unreadable
device list
