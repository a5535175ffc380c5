rw:desktop
! mkfifo sys/kernel/iommu_groups/8 && ln -s /nonexistent sys/kernel/iommu_groups/7 && : >sys/kernel/iommu_groups/notes
group list
-J group show 7
status
