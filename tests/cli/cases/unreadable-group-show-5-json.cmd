unreadable
group show 5 -J
