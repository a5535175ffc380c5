logs
log --utc -o long main
