hostile-names
group show 1 -J
