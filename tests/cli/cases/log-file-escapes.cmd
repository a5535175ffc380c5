logs
log --file @FIXTURE@/files/constructed-escapes.kmsg
