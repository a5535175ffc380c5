desktop
group show 1 2
