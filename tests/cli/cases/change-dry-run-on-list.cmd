desktop
--dry-run group list
