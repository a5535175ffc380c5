desktop
device list -d 8086: --class audio,serial-bus
