desktop
group claim 4 --with 0000:00:1f.4 --dry-run
