noiommu-bind
group release 0 --dry-run
