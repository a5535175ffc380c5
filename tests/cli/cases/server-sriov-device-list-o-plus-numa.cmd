server-sriov
device list -o +NUMA
