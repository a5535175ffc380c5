rw:desktop
--yes --json device claim 02:00.0 00:14.0
