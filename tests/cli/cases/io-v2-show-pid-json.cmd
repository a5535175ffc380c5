io-v2
-J io show --pid 4242
