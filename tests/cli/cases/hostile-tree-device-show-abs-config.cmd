hostile-tree
device show 0000:00:1c.0
