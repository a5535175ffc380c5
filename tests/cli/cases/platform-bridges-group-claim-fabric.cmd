platform-bridges
--dry-run group claim 24
