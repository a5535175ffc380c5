server-sriov
device list -o +NUMA,PHYSFN --json
