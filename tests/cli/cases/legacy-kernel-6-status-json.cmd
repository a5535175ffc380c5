legacy-kernel-6
status --json
