noiommu-bind
group claim 0 --dry-run
