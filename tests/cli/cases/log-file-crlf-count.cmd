logs
log --utc -n 3 -o tag @FIXTURE@/files/lokatt-activity-manager-v2.crlf.bin
