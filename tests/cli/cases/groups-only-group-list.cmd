groups-only
group list
