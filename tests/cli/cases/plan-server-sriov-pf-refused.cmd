server-sriov
--dry-run device claim 41:00.0
