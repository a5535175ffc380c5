server-sriov
device list -s 10000::
