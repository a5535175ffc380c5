drivers
--dry-run device claim 05:00.0
