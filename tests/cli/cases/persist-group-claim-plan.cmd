persist
--dry-run --persist group claim 3
