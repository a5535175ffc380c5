legacy-kernel
group list --json
