no-iommu
group show 1
