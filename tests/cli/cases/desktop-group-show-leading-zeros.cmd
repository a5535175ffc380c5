desktop
--sysroot @FIXTURE@/ group show 003
