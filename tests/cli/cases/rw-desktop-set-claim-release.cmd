rw:desktop
--dry-run device claim 00:14.0 02:00.0 0000:02:00.0
--yes device claim 00:14.0 02:00.0 0000:02:00.0
! grep -qx 'device 0000:00:14.0 driver=xhci_hcd override=' run/vfioctl/group-2.journal && grep -qx 'state applied' run/vfioctl/group-2.journal && grep -qx 'device 0000:02:00.0 driver=nvme override=' run/vfioctl/group-5.journal && grep -qx 'state applied' run/vfioctl/group-5.journal
-o BDF,GROUP,DRIVER,OVERRIDE device list -s 00:14
-o BDF,GROUP,DRIVER,OVERRIDE device list -s 02:
--yes device release 02:00.0 00:14.0
! test ! -e run/vfioctl/group-2.journal && test ! -e run/vfioctl/group-5.journal
-o BDF,GROUP,DRIVER,OVERRIDE device list -s 00:14
-o BDF,GROUP,DRIVER,OVERRIDE device list -s 02:
