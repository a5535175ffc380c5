hostile-names
device claim 0000:02:00.0 --dry-run
