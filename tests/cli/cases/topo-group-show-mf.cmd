acs-topo
group show 2
