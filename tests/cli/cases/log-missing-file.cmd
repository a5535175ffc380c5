-
log --file /nonexistent/vfioctl-test.bin
