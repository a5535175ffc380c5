rw:desktop
--yes device bind 00:14.0 02:00.0 00:14.0 vfio-pci
-o BDF,DRIVER,OVERRIDE device list -d 8086:a36d
-o BDF,DRIVER,OVERRIDE device list -d ::0108
--yes device release 00:14.0 02:00.0
--yes device unbind 00:1f.3 01:00.1
-o BDF,DRIVER,OVERRIDE device list -d ::0403
--yes device release 01:00.1 00:1f.3
-o BDF,DRIVER,OVERRIDE device list -d ::0403
