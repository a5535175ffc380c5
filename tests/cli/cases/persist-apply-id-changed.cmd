persist
--dry-run persist apply 00:04.0
