rw:desktop
-J group claim 5
-o BDF,DRIVER device list
