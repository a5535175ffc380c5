server-sriov
device show 0000:41:02.1
