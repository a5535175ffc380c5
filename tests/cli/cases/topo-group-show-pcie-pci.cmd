acs-topo
group show 5 -J
