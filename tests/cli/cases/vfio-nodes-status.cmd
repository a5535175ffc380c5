vfio-nodes
status
