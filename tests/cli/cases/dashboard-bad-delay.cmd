desktop
dashboard --batch -d 1e9
