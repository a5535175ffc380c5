platform-member
device list
