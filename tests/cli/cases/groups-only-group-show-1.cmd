groups-only
group show 1
