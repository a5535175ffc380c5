rw:desktop
! mkdir -p dev && printf '6,40,1000,-;nvme 0000:02:00.0: an old line, before the change\n' >dev/kmsg
! echo 'Cannot bind to PF with SR-IOV enabled' >.fake-kernel/fail-msg
FAKE_KERNEL_FAIL=probe:0000:02:00.0:vfio-pci:16 --yes device bind 02:00.0 vfio-pci
FAKE_KERNEL_FAIL=probe:0000:02:00.0:vfio-pci:16 --yes -J device bind 02:00.0 vfio-pci
FAKE_KERNEL_FAIL=unbind:0000:02:00.0:16 --yes device unbind 02:00.0
-o BDF,DRIVER,OVERRIDE device list --class nvme
