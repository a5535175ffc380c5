acs-topo-override
device list --tree -o NAME,GROUP,TYPE,ACS,ISOLATES
