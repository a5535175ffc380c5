acs-override
status
