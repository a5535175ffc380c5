desktop
io top -d 0.01
