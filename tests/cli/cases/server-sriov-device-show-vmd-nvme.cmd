server-sriov
device show 10000:e1:00.0
