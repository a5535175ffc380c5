-
group list --list-columns --json
