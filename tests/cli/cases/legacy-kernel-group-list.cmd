legacy-kernel
group list
