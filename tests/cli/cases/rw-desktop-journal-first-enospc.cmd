rw:desktop
FAKE_KERNEL_JOURNAL_ENOSPC=1 --yes group claim 5
-o BDF,DRIVER,OVERRIDE device list --class nvme
recover
