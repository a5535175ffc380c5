desktop
group show 4294967296
