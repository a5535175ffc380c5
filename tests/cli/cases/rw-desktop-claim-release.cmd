rw:desktop
--yes group claim 5
-o BDF,GROUP,DRIVER,OVERRIDE device list
--yes group release 5
-o BDF,GROUP,DRIVER,OVERRIDE device list
