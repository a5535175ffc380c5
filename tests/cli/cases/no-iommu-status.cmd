no-iommu
status
