vfio-nodes
status --json
