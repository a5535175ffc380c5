io-hybrid
__complete -- io top -d ''
