desktop
group show 2
