logs
log -J @FIXTURE@/files/constructed-escapes.kmsg
