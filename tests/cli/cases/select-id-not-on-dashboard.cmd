desktop
dashboard --batch --iterations 1 --id 10de:
