unreadable
--dry-run group claim 4
