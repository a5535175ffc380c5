no-iommu
status --json
