persist
-r -n persist list -o BDF,STATE
