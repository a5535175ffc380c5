@live
group list --json
