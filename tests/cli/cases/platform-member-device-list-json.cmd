platform-member
device list --json
