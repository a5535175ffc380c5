server-sriov
group list --json
