desktop
group list -s zz:
