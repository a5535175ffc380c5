platform-member
--dry-run group claim 1
