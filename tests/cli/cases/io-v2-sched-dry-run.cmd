io-v2
io sched sda bfq --dry-run
