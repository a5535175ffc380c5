desktop
--dry-run recover
