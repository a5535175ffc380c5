desktop
group show 1 -n
