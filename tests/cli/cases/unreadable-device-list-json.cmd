unreadable
device list -J -o BDF,GROUP,ID,DRIVER,VIABLE
