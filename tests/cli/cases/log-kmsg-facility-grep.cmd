logs
log --facility kern --grep '^(Kernel|device)' -o raw
