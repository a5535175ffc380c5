acs-topo
device list --tree --class gpu
