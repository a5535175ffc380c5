rw:desktop
--yes device bind 00:1f.3 vfio-pci
--yes device claim 00:14.0 02:00.0
--yes device claim 02:00.0 00:14.0
--dry-run device release 00:14.0 02:00.0 00:1f.3 01:00.0
--yes device release 00:14.0 02:00.0 00:1f.3 01:00.0
! test ! -e run/vfioctl/group-2.journal && test ! -e run/vfioctl/group-5.journal && test ! -e run/vfioctl/device-0000:00:1f.3.journal
-o BDF,DRIVER,OVERRIDE device list -s 0:
-o BDF,DRIVER,OVERRIDE device list -s 2:
