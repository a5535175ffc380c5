iommu-off
dashboard --batch
