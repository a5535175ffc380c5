rw:desktop
--yes group claim 5
! sed -i 's/^group 5$/group 7/' run/vfioctl/group-5.journal
--yes group release 5
--yes device release 02:00.0
--yes group claim 5
--yes recover
-o BDF,DRIVER,OVERRIDE device list --class nvme
! grep -qx 'group 7' run/vfioctl/group-5.journal
! cp run/vfioctl/group-5.journal run/vfioctl/device-0000:02:00.0.journal && sed -i 's/^group 7$/group 5/' run/vfioctl/group-5.journal
--yes recover
--yes group release 5
-o BDF,DRIVER,OVERRIDE device list --class nvme
