drivers
--dry-run group claim 4
