platform-member
status --json
