persist
--dry-run persist apply 0000:00:08.0
