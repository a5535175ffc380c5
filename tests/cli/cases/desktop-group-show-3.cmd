desktop
group show 3
