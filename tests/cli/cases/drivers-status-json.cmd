drivers
-J status
