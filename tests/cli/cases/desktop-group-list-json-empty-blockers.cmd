desktop
group list --json -o GROUP,BLOCKERS
