desktop
--dry-run group claim 1
