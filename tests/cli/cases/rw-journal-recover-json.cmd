rw:desktop
--yes group claim 2
VFIOCTL_CRASH_STEP=4 --yes group claim 5
! printf 'vfioctl-journal 1\nop claim\n' >run/vfioctl/group-9.journal
--dry-run recover
-J --dry-run recover
