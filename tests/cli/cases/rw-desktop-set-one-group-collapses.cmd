rw:desktop
--dry-run --force device claim 01:00.1 01:00.0 1:0.1
--dry-run device claim 01:00.0 00:14.0 --with 02:00.0
--dry-run device claim 00:14.0 07:00.0
--dry-run device bind 00:14.0 zz vfio-pci
