desktop
status --class gpu
