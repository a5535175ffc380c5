iommu-off
status
