desktop
--dry-run device bind 00:01.0 vfio-pci
