rw:desktop
--yes device unbind 02:00.0
--yes group claim 5
! test ! -e run/vfioctl/device-0000:02:00.0.journal
--yes group release 5
-o BDF,DRIVER,OVERRIDE device list --class nvme
