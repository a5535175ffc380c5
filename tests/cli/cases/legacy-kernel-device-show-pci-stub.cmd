legacy-kernel
device show 0000:01:00.1
