unreadable
group list -J
