legacy-kernel
device show 0000:00:1e.0
