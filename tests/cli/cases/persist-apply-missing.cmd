persist
--dry-run persist apply 00:06.0
