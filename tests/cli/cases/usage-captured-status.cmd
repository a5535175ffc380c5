usage-captured
status
