rw:desktop
FAKE_KERNEL_HANG=unbind:0000:02:00.0 FAKE_KERNEL_HANG_S=30 VFIOCTL_TEST_TIMEOUT_MS=1500 --yes group claim 5
! grep -c '^pending [0-9]* sys/bus/pci/devices/0000:02:00.0/driver/unbind$' run/vfioctl/group-5.journal
! grep -q '^state applying$' run/vfioctl/group-5.journal
--dry-run recover
