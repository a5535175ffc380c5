desktop
group claim 5
