desktop
device list --slot 0:1f --id 8086:a323
