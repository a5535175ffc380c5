logs
log write --to nowhere hello
