no-iommu
group list --json
