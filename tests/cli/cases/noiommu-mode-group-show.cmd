noiommu-mode
group show 0
