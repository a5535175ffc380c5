desktop
group show abc
