persist
persist list
