logs
log radio
