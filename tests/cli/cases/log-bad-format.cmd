logs
log -o nope
