logs
log --json
