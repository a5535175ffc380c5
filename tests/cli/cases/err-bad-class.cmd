desktop
device list --class gpu,toaster
