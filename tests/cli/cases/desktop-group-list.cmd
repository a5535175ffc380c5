desktop
group list
