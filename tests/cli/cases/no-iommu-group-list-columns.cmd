no-iommu
group list -o GROUP,DEVICES -n
