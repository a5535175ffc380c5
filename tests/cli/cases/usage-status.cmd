usage
status
