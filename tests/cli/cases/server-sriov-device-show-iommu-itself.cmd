server-sriov
device show 0000:00:00.2
