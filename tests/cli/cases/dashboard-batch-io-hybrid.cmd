io-hybrid
dashboard --batch
