server-sriov
group show 108 --json
