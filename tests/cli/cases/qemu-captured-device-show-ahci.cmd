qemu-captured
device show 00:1f.2
