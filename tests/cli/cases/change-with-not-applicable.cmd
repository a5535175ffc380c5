desktop
--dry-run group claim 5 --with 02:00.0
