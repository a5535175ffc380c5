noiommu-bind
device bind 0000:03:00.1 vfio-pci --dry-run
