io-v1
dashboard --batch
