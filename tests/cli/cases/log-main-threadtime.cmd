logs
log --utc main
