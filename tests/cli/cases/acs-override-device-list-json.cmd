acs-override
device list --json
