acs-override
status --json
