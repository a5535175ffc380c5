drivers
-J device show 03:00.0
