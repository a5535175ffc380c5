desktop
group show -- -1
