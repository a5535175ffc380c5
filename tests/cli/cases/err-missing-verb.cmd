desktop
group
