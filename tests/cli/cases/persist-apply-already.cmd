persist
--dry-run persist apply 00:02.0
