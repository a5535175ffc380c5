busy-group
--dry-run group claim 7 -J
