logs
log -p loud
