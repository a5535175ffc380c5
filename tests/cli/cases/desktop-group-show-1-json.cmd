desktop
group show 1 --json
