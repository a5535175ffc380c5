acs-topo
group show 4 --tree
