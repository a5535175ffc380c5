groups-only
status --json
