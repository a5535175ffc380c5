acs-override
group show 14
