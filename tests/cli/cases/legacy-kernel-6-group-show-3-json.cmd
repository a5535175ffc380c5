legacy-kernel-6
group show 3 --json
