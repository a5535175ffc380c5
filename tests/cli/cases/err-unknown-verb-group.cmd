desktop
grup list
