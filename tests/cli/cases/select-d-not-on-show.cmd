desktop
group show 1 -d 10de:
