logs
log --utc -o process --pid 26769 @FIXTURE@/files/adbkit-logcat-3-default.dat
