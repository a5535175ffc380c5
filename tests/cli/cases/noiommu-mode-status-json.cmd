noiommu-mode
status --json
