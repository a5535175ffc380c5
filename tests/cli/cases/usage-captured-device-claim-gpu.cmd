usage-captured
device claim 00:02.0 --dry-run
