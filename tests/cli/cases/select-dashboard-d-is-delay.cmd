desktop
dashboard --batch --iterations 1 -d 10de:
