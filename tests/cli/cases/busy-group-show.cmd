busy-group
group show 7
