desktop
io show
