iommu-no-groups
group list
