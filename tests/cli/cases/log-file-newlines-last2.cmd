logs
log -n 2 --file @FIXTURE@/files/util-linux-kmsg-newlines.bin
