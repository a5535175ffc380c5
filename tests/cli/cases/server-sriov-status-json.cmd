server-sriov
status --json
