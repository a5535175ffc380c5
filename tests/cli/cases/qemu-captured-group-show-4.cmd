qemu-captured
group show 4
