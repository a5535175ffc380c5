server-sriov
group list -s 10000:e0:06.0
