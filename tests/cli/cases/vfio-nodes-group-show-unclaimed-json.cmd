vfio-nodes
group show 7 --json
