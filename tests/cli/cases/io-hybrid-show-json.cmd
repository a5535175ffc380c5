io-hybrid
-J io show /machine.slice
