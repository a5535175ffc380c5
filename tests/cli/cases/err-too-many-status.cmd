desktop
status extra
