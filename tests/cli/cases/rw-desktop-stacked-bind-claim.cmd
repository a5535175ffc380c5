rw:desktop
--yes device bind 02:00.0 vfio-pci
--yes group claim 5
! test ! -e run/vfioctl/device-0000:02:00.0.journal
--yes device unbind 02:00.0
--yes group release 5
-o BDF,DRIVER,OVERRIDE device list --class nvme
