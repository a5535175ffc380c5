unreadable
group list
