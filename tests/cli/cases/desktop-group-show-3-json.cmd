desktop
group show 3 --json
