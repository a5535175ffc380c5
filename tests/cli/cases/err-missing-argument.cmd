desktop
device show
