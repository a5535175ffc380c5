rw:desktop
--yes device claim 02:00.0
--yes group claim 5
--yes device bind 02:00.0 vfio-pci
--yes device release 02:00.0
-o BDF,DRIVER,OVERRIDE device list --class nvme
--yes group release 5
