legacy-kernel
group show 1
