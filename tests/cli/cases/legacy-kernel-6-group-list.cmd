legacy-kernel-6
group list
