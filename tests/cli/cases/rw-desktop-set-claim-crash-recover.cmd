rw:desktop
VFIOCTL_CRASH_STEP=7 --yes device claim 00:14.0 02:00.0
--dry-run recover
--yes recover
-o BDF,GROUP,DRIVER,OVERRIDE device list -s 00:14
-o BDF,GROUP,DRIVER,OVERRIDE device list -s 02:
