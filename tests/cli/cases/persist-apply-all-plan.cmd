persist
--dry-run persist apply
