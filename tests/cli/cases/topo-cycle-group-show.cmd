topo-cycle
group show 4
