logs
log -n 0 -f kmsg
