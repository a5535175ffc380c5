desktop
--yes group claim 5
