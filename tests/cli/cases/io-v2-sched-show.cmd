io-v2
io sched nvme0n1p1
