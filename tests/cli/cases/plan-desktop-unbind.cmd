desktop
--dry-run device unbind 02:00.0
