unreadable
device list --class nvme
