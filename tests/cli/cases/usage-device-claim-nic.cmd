usage
device claim 00:1f.6 --dry-run
