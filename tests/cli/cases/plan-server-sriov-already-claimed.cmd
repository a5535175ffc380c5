server-sriov
--dry-run group claim 42
