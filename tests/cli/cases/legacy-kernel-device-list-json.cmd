legacy-kernel
device list --json
