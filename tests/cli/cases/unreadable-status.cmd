unreadable
status
