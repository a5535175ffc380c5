iommu-off
status --json
