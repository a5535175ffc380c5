server-sriov
group show 108
