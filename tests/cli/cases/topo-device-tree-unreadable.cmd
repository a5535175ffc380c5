desktop
device list --tree
