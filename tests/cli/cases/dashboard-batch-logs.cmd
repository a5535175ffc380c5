rw:logs
TZ=UTC dashboard --batch --iterations 2 -d 0
