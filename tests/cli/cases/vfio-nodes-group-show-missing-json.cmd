vfio-nodes
group show 5 --json
