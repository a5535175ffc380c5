unreadable
--dry-run group claim 5
