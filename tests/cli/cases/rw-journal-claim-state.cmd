rw:desktop
--yes group claim 2
VFIOCTL_CRASH_STEP=4 --yes group claim 5
! touch -d '2026-01-02 03:04:05 UTC' run/vfioctl/group-5.journal run/vfioctl/group-2.journal
TZ=UTC --yes device bind 00:1f.3 vfio-pci
! touch -d '2026-01-02 03:04:05 UTC' run/vfioctl/device-0000:00:1f.3.journal && printf 'vfioctl-journal 1\nop claim\n' >run/vfioctl/group-9.journal && touch -d '2026-01-02 03:04:05 UTC' run/vfioctl/group-9.journal
TZ=UTC --dry-run group claim 5
TZ=UTC status
TZ=UTC -J status
TZ=UTC device show 02:00.0
TZ=UTC device show 00:1f.3
TZ=UTC -J device show 00:14.0
TZ=UTC device list
TZ=UTC -J -o BDF,CLAIMED device list
TZ=UTC group list
TZ=UTC -o GROUP,CLAIMED -J group list
TZ=UTC group show 5
TZ=UTC -J group show 4
! rm run/vfioctl/group-9.journal
--yes recover
TZ=UTC -o BDF,DRIVER,CLAIMED device list
TZ=UTC status
