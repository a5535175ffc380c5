desktop
device claim
