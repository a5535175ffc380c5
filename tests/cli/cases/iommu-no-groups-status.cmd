iommu-no-groups
status
