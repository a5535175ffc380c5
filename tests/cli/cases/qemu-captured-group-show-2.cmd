qemu-captured
group show 2
