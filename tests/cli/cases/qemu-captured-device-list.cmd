qemu-captured
device list
