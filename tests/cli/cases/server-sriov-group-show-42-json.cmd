server-sriov
group show 42 --json
