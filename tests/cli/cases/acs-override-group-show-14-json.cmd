acs-override
group show 14 --json
