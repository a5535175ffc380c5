server-sriov
device show 0000:c0:00.5
