desktop
__complete -- log --
