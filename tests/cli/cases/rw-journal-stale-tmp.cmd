rw:desktop
! mkdir -p run/vfioctl proc/4242 && echo vfioctl >proc/4242/comm && : >run/vfioctl/group-5.journal.tmp.999999 && touch -d '2000-01-01' run/vfioctl/group-5.journal.tmp.4242 && touch -d '2100-01-01' run/vfioctl/group-2.journal.tmp.4242 run/vfioctl/group-2.journal.tmp.999998 && ln -s group-5.journal run/vfioctl/group-1.journal.tmp.999997
-v --dry-run group claim 5
! test -e run/vfioctl/group-5.journal.tmp.999999
-v --yes group claim 5
! test ! -e run/vfioctl/group-5.journal.tmp.999999 && test ! -e run/vfioctl/group-5.journal.tmp.4242 && test ! -e run/vfioctl/group-2.journal.tmp.999998
! test -e run/vfioctl/group-2.journal.tmp.4242 && test -L run/vfioctl/group-1.journal.tmp.999997
! rm run/vfioctl/group-2.journal.tmp.4242 && touch run/vfioctl/group-5.journal.tmp.4242
-v --yes recover
! test ! -e run/vfioctl/group-5.journal.tmp.4242
-J --dry-run recover
