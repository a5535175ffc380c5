server-sriov
device list -s e1: -o BDF,GROUP,KIND
