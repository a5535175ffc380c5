qemu-captured
group show 3
