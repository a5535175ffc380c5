desktop
status -d 1
