acs-override
device list
