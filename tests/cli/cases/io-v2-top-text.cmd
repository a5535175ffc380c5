io-v2
io top -d 0.1 -n 1 vms.slice
