acs-override
group list
