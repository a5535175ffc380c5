vfio-nodes
group show 6
