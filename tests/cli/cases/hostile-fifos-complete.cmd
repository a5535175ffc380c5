hostile-fifos
__complete -- device show ''
