desktop
group list -d 10de: --json
