rw:iommu-off
--yes device release 00:02.0
--dry-run device release 00:02.0
-J --dry-run device release 00:02.0
