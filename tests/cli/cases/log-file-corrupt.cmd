logs
log --file @FIXTURE@/files/adbkit-logcat-1-broken.dat
