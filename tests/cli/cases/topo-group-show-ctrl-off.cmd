acs-topo
group show 3
