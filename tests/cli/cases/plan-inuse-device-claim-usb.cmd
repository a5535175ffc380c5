inuse
--dry-run device claim 00:14.0
