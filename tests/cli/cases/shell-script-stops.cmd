desktop
shell
