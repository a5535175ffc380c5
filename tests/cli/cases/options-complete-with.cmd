desktop
__complete -- device claim 0000:01:00.0 --with 0000:0
