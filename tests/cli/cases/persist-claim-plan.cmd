persist
--dry-run --persist device claim 00:08.0
