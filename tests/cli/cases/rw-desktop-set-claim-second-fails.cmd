rw:desktop
FAKE_KERNEL_REFUSE=vfio-pci:0000:02:00.0 --yes device claim 00:14.0 02:00.0
! test ! -e run/vfioctl/group-2.journal && test ! -e run/vfioctl/group-5.journal
-o BDF,GROUP,DRIVER,OVERRIDE device list -s 00:14
-o BDF,GROUP,DRIVER,OVERRIDE device list -s 02:
