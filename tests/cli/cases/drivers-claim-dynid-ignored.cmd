drivers
--dry-run device claim 03:00.0
