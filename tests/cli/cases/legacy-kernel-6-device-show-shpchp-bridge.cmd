legacy-kernel-6
device show 0000:00:1e.0
