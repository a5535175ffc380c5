server-sriov
group show 17
