desktop
__complete -- dashboard --
