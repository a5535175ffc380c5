drivers
status
