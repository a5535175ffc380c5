noiommu-mode
status
