qemu-captured
group show 2 --json
