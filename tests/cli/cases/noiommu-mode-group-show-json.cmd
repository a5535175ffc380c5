noiommu-mode
group show 0 --json
