no-iommu
group list
