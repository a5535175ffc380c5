persist
--dry-run --persist group release 2
