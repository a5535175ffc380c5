desktop
shell --keep-going
