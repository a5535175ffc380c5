iommu-no-groups
status --json
