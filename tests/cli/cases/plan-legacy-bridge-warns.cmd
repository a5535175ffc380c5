legacy-kernel-6
--dry-run group claim 3
