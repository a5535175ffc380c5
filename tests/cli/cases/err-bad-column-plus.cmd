desktop
group list -o +NOPE
