hostile-names
status
