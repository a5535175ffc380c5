server-sriov
device show 10000:e0:06.0
