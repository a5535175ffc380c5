server-sriov
status
