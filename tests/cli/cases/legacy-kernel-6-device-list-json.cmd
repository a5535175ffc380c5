legacy-kernel-6
device list --json
