logs
log --since +0.4 --until +0.45 kmsg
