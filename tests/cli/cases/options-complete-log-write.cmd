desktop
__complete -- log write --
