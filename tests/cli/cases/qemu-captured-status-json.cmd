qemu-captured
status --json
