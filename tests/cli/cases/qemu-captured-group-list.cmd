qemu-captured
group list
