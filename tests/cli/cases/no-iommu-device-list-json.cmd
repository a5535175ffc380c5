no-iommu
device list --json
