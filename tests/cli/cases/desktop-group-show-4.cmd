desktop
group show 4
