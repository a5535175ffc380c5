persist
persist apply 00:xx.0
