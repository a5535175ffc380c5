groups-only
status
