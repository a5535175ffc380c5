desktop
__complete -- device list --
