desktop
persist list
