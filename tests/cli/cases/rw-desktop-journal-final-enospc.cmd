rw:desktop
FAKE_KERNEL_JOURNAL_ENOSPC=2 --yes group claim 5
-o BDF,DRIVER,OVERRIDE device list --class nvme
--yes group release 5
-o BDF,DRIVER,OVERRIDE device list --class nvme
