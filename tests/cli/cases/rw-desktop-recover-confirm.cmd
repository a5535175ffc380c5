rw:desktop
VFIOCTL_CRASH_STEP=4 --yes group claim 5
recover
-o BDF,DRIVER,OVERRIDE device list --class nvme
--yes recover
-o BDF,DRIVER,OVERRIDE device list --class nvme
