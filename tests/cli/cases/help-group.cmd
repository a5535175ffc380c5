-
group --help
