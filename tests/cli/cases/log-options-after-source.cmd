logs
log @FIXTURE@/files/constructed-escapes.kmsg -o raw --grep done
