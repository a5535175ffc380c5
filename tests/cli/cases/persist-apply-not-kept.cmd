persist
--dry-run persist apply 00:00.0
