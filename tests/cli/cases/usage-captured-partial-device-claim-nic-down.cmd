usage-captured-partial
device claim 03:00.0 --dry-run
