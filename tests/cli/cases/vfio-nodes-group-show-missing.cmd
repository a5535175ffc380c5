vfio-nodes
group show 5
