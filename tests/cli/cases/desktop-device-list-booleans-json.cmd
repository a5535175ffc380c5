desktop
device list -o BDF,BRIDGE,BOOTVGA,VIABLE --json
