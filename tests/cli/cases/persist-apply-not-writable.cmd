persist
--yes persist apply 00:08.0
