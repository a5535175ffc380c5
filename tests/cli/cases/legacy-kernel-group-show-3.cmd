legacy-kernel
group show 3
