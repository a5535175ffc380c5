server-sriov
group list
