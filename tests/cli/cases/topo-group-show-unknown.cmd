acs-topo
group show 9
