server-sriov
--dry-run group release 42
