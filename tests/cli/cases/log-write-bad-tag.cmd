logs
log write -t "a b" hello
