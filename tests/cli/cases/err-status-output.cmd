desktop
status -o BDF
