desktop
device list -s '*:*.0' -o BDF
