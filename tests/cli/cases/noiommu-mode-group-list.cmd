noiommu-mode
group list
