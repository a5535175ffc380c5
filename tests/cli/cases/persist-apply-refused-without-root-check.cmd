persist
--yes persist apply 00:05.0
