huge-files
status
