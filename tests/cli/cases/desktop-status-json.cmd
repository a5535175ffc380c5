desktop
status --json
