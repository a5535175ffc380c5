rw:desktop
--yes group claim 2
VFIOCTL_CRASH_STEP=4 --yes group claim 5
! printf 'vfioctl-journal 1\nop claim\n' >run/vfioctl/group-9.journal
--dry-run recover
-J --dry-run recover
! mv sys/bus/pci/devices/0000:02:00.0/driver_override ovr.saved && mkdir sys/bus/pci/devices/0000:02:00.0/driver_override
-J --dry-run recover
