acs-topo
device list --tree
