desktop
--dry-run -J device claim 0000:02:00.0
