-
__complete persist list -o ST
