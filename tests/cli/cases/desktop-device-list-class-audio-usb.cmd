desktop
device list --class audio,usb
