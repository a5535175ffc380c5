desktop
dashboard --batch --iterations 2 -d 0
