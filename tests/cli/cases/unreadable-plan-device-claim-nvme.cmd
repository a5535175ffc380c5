unreadable
--dry-run device claim 02:00.0
