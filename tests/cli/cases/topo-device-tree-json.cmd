acs-topo
device list --tree -J
