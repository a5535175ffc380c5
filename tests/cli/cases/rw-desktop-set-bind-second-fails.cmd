rw:desktop
FAKE_KERNEL_REFUSE=vfio-pci:0000:02:00.0 --yes device bind 00:14.0 02:00.0 vfio-pci
! test ! -e run/vfioctl/device-0000:00:14.0.journal && test ! -e run/vfioctl/device-0000:02:00.0.journal
-o BDF,DRIVER,OVERRIDE device list -s 00:14
-o BDF,DRIVER,OVERRIDE device list -s 02:
