io-v2
-J io limit --pid 4242 /srv/vms riops=200 --dry-run
