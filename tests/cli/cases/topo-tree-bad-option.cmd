acs-topo
group list --tree
