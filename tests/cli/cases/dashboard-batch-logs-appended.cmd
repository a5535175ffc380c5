rw:logs
! printf '4,401,950000,-;raw \033[31mred\033[0m then\\x0asecond line\n SUBSYSTEM=pci\n' >>dev/kmsg
TZ=UTC COLUMNS=100 dashboard --batch
