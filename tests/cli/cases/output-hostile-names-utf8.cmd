rw:hostile-names
LC_ALL=C.UTF-8 device show 0000:01:00.0
LC_ALL=C.UTF-8 -o BDF,DESCRIPTION device list
