unreadable
group show 4
