server-sriov
--dry-run device claim 10000:e1:00.0 --with 41:00.0
