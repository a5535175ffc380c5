desktop
device show zz:00.0
