hostile-names
group show 1
