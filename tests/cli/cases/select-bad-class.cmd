desktop
group list -d ::3g00
