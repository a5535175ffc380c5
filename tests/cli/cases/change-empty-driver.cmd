desktop
--dry-run device bind 02:00.0 ''
