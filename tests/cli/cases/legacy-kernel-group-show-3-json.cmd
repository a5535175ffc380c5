legacy-kernel
group show 3 --json
