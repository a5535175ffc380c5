no-iommu
device list
