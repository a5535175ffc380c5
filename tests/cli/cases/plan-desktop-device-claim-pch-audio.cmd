desktop
--dry-run device claim 00:1f.3
