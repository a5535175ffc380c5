rw:iommu-off
COLUMNS=60 status
COLUMNS=120 status
