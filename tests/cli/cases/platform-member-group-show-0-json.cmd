platform-member
group show 0 --json
