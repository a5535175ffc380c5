acs-override
group list --json
