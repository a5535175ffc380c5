io-v2
-J io model /dev/sda2 iops --read-iops 8000 --write-iops 4000 --dry-run
