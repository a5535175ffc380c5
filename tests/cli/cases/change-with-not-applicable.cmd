desktop
--dry-run device release 02:00.0 --with 02:00.0
