unreadable
group list -d ::0108
