desktop
group show 99
