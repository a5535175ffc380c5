legacy-kernel
status --json
