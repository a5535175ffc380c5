noiommu-bind
device claim 0000:03:00.1 --dry-run
