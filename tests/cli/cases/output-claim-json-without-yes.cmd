rw:desktop
-o BDF,DRIVER device list -s 02:
-J group claim 5
-o BDF,DRIVER device list -s 02:
