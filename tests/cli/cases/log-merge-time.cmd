logs
log --utc -o time main events kmsg
