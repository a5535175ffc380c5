desktop
--dry-run --force device claim 01:00.0
