persist
--dry-run persist apply 00:07.0
