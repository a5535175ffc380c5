rw:desktop
--yes device claim 00:14.0 02:00.0
FAKE_KERNEL_REFUSE=nvme:0000:02:00.0 --yes device release 00:14.0 02:00.0
! test -e run/vfioctl/group-2.journal && test -e run/vfioctl/group-5.journal
-o BDF,DRIVER,OVERRIDE device list -s 00:14
-o BDF,DRIVER,OVERRIDE device list -s 02:
--yes device release 00:14.0 02:00.0
! test ! -e run/vfioctl/group-2.journal && test ! -e run/vfioctl/group-5.journal
-o BDF,DRIVER,OVERRIDE device list -s 02:
