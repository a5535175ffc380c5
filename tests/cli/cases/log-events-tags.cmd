logs
log --utc events
