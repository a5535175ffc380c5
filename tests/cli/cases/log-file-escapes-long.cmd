logs
log -o long @FIXTURE@/files/constructed-escapes.kmsg
