unreadable
status -J
