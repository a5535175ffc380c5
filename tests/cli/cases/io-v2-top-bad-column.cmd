io-v2
io top --count 1 -o FOO
