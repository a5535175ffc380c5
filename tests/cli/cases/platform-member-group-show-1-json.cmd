platform-member
group show 1 --json
