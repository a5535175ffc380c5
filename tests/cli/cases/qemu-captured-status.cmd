qemu-captured
status
