platform-member
group list --json
