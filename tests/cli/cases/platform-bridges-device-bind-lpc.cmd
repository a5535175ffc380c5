platform-bridges
--dry-run device bind 0000:00:14.3 vfio-pci
