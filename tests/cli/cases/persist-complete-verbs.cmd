-
__complete persist ''
