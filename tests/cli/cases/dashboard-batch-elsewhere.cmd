desktop
status --batch
