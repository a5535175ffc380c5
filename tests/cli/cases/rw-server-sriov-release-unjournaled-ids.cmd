rw:server-sriov
--yes group release 42
-o BDF,DRIVER,OVERRIDE device list --class nic
