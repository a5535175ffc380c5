desktop
-J log write hello
