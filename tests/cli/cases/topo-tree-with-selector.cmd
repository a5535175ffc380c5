acs-topo
device list --tree -s 05:
