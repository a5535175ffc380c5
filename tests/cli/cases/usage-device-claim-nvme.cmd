usage
device claim 02:00.0 --dry-run
