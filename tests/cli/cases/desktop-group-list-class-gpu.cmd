desktop
group list --class gpu
