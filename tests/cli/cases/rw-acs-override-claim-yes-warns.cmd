rw:acs-override
--yes group claim 16
