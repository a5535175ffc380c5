iommu-off
group list
