server-sriov
device list --json
