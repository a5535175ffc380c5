qemu-captured
group list --json
