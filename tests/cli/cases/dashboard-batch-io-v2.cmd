io-v2
dashboard --batch --iterations 2 -d 0
