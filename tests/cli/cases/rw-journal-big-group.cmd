rw:big-group
-o GROUP,NDEVS,VIABLE group list
--yes group claim 1
-o GROUP,NDEVS,VIABLE,CLAIMED group list
! touch -d '2026-01-02 03:04:05 UTC' run/vfioctl/group-1.journal && test "$(grep -c '^device ' run/vfioctl/group-1.journal)" = 99
TZ=UTC device show 01:0c.2
--yes group release 1
-o GROUP,NDEVS,VIABLE group list
-o BDF,DRIVER,OVERRIDE device list
