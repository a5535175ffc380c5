desktop
status --frobnicate
