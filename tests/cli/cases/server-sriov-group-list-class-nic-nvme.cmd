server-sriov
group list --class nic,nvme
