desktop
group list -s 0001:05:
