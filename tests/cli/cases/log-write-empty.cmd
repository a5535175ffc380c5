logs
log write ""
