acs-override
group show 16
