legacy-kernel-6
group show 1
