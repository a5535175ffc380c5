no-iommu
--dry-run device claim 00:14.3
