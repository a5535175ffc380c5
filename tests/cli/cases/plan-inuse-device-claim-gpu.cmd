inuse
--dry-run device claim 01:00.0
