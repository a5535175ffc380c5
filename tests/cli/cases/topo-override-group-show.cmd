acs-topo-override
group show 13
