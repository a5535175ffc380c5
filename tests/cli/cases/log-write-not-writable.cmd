logs
log write hello
