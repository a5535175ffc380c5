desktop
group list --class gpu --json
