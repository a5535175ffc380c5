desktop
group lsit
