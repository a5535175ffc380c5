legacy-kernel
status
