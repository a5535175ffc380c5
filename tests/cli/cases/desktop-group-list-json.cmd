desktop
group list --json
