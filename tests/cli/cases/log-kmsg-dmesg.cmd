logs
log kmsg
