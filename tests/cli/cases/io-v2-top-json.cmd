io-v2
-J io top -d 0.1 --count 1 vm1.scope
