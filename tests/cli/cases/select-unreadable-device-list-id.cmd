unreadable
device list -d 144d:
