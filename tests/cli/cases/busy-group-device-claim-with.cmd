busy-group
--dry-run device claim 05:00.0 --with 0000:03:00.0 --with 0000:03:00.1 --with 0000:03:00.2 --with 0000:04:00.0
