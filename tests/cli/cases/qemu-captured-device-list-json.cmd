qemu-captured
device list --json
