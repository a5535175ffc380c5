logs
log -n 0 kmsg
