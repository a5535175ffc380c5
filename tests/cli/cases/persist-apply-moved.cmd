persist
--dry-run persist apply 00:05.0
