logs
log -p crit
