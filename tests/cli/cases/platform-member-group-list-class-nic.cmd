platform-member
group list --class nic
