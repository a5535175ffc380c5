desktop
group show 1x
