drivers
--dry-run device bind 03:00.0 e1000e
