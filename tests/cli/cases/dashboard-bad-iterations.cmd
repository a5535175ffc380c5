desktop
dashboard --batch --iterations 0
