server-sriov
device list --class nic,nvme
