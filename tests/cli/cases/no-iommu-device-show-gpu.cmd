no-iommu
device show 0000:00:02.0
