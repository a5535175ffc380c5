rw:desktop
! rm -r sys/bus/pci/devices && : >sys/bus/pci/devices
device list
