persist
--dry-run persist apply 00:03.0
