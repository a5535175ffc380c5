desktop
--keep-going status
