server-sriov
group show 42
