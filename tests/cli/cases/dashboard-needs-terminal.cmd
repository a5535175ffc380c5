desktop
dashboard
