desktop
status
