acs-topo-override
group show 3 -J
