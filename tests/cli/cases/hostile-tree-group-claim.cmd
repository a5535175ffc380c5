hostile-tree
--dry-run group claim 7
