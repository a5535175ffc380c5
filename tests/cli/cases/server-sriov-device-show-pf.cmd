server-sriov
device show 0000:41:00.0
