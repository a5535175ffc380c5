platform-bridges
--dry-run group claim 14
