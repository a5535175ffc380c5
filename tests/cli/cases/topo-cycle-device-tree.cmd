topo-cycle
-o NAME,GROUP,DRIVER device list --tree
