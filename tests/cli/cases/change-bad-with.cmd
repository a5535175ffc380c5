desktop
--dry-run device claim 02:00.0 --with zz
