-
group show --help
