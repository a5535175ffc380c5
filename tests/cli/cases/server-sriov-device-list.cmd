server-sriov
device list
