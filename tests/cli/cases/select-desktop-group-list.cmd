desktop
group list -s 01:00.1
