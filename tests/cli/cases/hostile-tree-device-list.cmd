hostile-tree
device list
