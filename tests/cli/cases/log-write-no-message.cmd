logs
log write -p err
