unreadable
group show 5
