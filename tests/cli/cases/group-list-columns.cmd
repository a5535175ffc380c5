desktop
group list --list-columns
